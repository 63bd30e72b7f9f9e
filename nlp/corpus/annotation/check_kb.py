#!/usr/bin/env python3
# Checks a file of knowledge-base entries written under KB-BRIEF.md: five TAB-separated columns,
# newsflow ids matching the type, priors from 0 to 1, nothing the curated file already has.
# usage: check_kb.py FILE
import os, re, sys
CURATED = os.path.join(os.path.dirname(os.path.abspath(__file__)), '../../../kb/src/main/kb/curated-news-entities.tsv')
existing_ids=set(); existing_names=set()
for l in open(CURATED, encoding='utf-8'):
    if l.startswith('#') or not l.strip(): continue
    f=l.rstrip('\n').split('\t'); existing_ids.add(f[0]); existing_names.add(f[2].lower())
problems=[]; ids=set(); n=0
for ln,l in enumerate(open(sys.argv[1], encoding='utf-8'),1):
    if l.startswith('#') or not l.strip(): continue
    f=l.rstrip('\n').split('\t')
    if len(f)!=5: problems.append(f"line {ln}: {len(f)} columns, need 5 (TAB-separated)"); continue
    i,t,name,al,p=f; n+=1
    if not re.fullmatch(r'newsflow:(org|person|place)/[a-z0-9]+(-[a-z0-9]+)*', i): problems.append(f"line {ln}: bad id {i!r}")
    kind={'org':'ORGANIZATION','person':'PERSON','place':'LOCATION'}.get(i.split(':')[1].split('/')[0] if ':' in i else '')
    if t not in ('PERSON','ORGANIZATION','LOCATION'): problems.append(f"line {ln}: bad type {t!r}")
    elif kind and kind!=t: problems.append(f"line {ln}: id kind does not match type {t}")
    if i in ids: problems.append(f"line {ln}: id {i} twice")
    if i in existing_ids: problems.append(f"line {ln}: id {i} already in the curated file")
    if name.lower() in existing_names: problems.append(f"line {ln}: {name!r} already in the curated file")
    ids.add(i)
    if not name.strip(): problems.append(f"line {ln}: empty name")
    try:
        pv=float(p); assert 0<=pv<=1
    except Exception: problems.append(f"line {ln}: prior {p!r} not a number from 0 to 1")
    for a in [x for x in al.split('|') if x]:
        if a!=a.strip(): problems.append(f"line {ln}: alias {a!r} has spaces around it")
for p in problems: print(p)
print(f"{n} entries checked, {len(problems)} problems")
sys.exit(1 if problems else 0)
