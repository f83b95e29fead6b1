"""The four stages, each a pure function over a stream of items (`Record | Reject`): `extract`
reads raw pages into records, `strip` marks every line's role and reads the header, `split` cuts
embedded related articles into records of their own, `emit` settles ids and duplicates.

Kept in a package of their own so that `from cleancli import extract` is the function, never
the module of the same name.
"""
