"""Commands that build or measure cleaning knowledge: `learn` (repeated lines as a profile),
`eval` (scores on labelled dumps), and the line model's training and site-held-out
cross-validation.
"""
