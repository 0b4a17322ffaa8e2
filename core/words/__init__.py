"""One vocabulary and one translation catalogue for the core, the documents, the command line
and the windows: ``catalogue`` (tr, trc, trn, N_, the current language), ``vocab`` (the
procedure's words by code), ``labels`` (the documents' words), ``messages`` (errors in words).
"""
