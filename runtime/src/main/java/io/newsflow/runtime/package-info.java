/** What every service runs on: topic creation and a topic follower; configuration and ops below. */
package io.newsflow.runtime;
