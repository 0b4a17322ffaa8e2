"""One vocabulary: the Korean and English words of the core, the documents and the windows."""
