"""Mail collections of the archive: the TML files, digests and mboxes, burst into messages.

A subpackage because mail is the archive's largest and most varied part; see burst.py.
"""
