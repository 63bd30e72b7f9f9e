#!/usr/bin/env python3
"""Checks an annotation file against its batch: JSON, types, every mention found in the text.
usage: check.py BATCH.jsonl ANNOTATIONS.jsonl      (Reuters batches)
       check.py --written ARTICLES.jsonl           (articles with title, body and entities in one file)
"""
import json, sys, re, unicodedata
TYPES = {"PERSON", "ORGANIZATION", "LOCATION"}

def alnum(c):
    return c.isalnum()

def caps(text):
    letters = [c for c in text if c.isalpha()]
    return letters and sum(c.isupper() for c in letters) >= 0.8 * len(letters)

def occurrences(text, mention):
    hay, needle = (text.lower(), mention.lower()) if caps(text) else (text, mention)
    out, i = [], hay.find(needle)
    while i >= 0:
        j = i + len(needle)
        if (i == 0 or not alnum(text[i - 1])) and (j == len(text) or not alnum(text[j])):
            out.append(i)
        i = hay.find(needle, i + 1)
    return out

def check_doc(doc_id, title, body, ann, where):
    problems = []
    ents = ann.get("entities")
    if not isinstance(ents, list):
        return [f"{where}: 'entities' must be a list"]
    forms = {}
    for k, e in enumerate(ents):
        t = e.get("type")
        if t not in TYPES:
            problems.append(f"{where}: entity {k} has type {t!r}, not one of {sorted(TYPES)}")
        if not e.get("canonical"):
            problems.append(f"{where}: entity {k} has no canonical name")
        ms = e.get("mentions")
        if not ms:
            problems.append(f"{where}: entity {e.get('canonical')!r} has no mentions")
            continue
        for m in ms:
            if m != m.strip() or not m:
                problems.append(f"{where}: mention {m!r} has spaces around it or is empty")
            if not occurrences(title, m) and not occurrences(body, m):
                problems.append(f"{where}: mention {m!r} of {e.get('canonical')!r} is not in the text (exact letters and case, whole words)")
            if m in forms and forms[m] != k:
                problems.append(f"{where}: form {m!r} is listed under two entities")
            forms[m] = k
    return problems

def main():
    args = sys.argv[1:]
    problems, n = [], 0
    if args and args[0] == "--written":
        seen = set()
        for ln, line in enumerate(open(args[1], encoding="utf-8"), 1):
            if not line.strip():
                continue
            try:
                d = json.loads(line)
            except Exception as ex:
                problems.append(f"line {ln}: not JSON: {ex}"); continue
            for f in ("doc_id", "title", "body", "entities"):
                if f not in d:
                    problems.append(f"line {ln}: no {f!r}")
            if d.get("doc_id") in seen:
                problems.append(f"line {ln}: doc_id {d.get('doc_id')} twice")
            seen.add(d.get("doc_id"))
            problems += check_doc(d.get("doc_id"), d.get("title", ""), d.get("body", ""), d, f"line {ln} ({d.get('doc_id')})")
            n += 1
    else:
        batch = {}
        order = []
        for line in open(args[0], encoding="utf-8"):
            d = json.loads(line); batch[d["doc_id"]] = d; order.append(d["doc_id"])
        done = set()
        for ln, line in enumerate(open(args[1], encoding="utf-8"), 1):
            if not line.strip():
                continue
            try:
                a = json.loads(line)
            except Exception as ex:
                problems.append(f"line {ln}: not JSON: {ex}"); continue
            i = a.get("doc_id")
            if i not in batch:
                problems.append(f"line {ln}: doc_id {i!r} is not in the batch"); continue
            if i in done:
                problems.append(f"line {ln}: doc_id {i} annotated twice")
            done.add(i)
            problems += check_doc(i, batch[i]["title"], batch[i]["body"], a, f"line {ln} (doc {i})")
            n += 1
        missing = [i for i in order if i not in done]
        if missing:
            problems.append(f"{len(missing)} documents of the batch not annotated yet: {missing[:10]}{' ...' if len(missing) > 10 else ''}")
    for p in problems:
        print(p)
    print(f"{n} documents checked, {len(problems)} problems")
    sys.exit(1 if problems else 0)

main()
