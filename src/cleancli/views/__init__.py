"""What a person looks at: the records table, one record in full, a page explained line by
line (with what the HTML engine dropped), and counts.
"""
