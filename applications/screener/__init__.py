"""The public screener: a ZIP code and qualifying programs in, the programs the visitor
may qualify for (and why) out; nothing stored."""
