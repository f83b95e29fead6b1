"""The command line: the typer app (`app`), its shared options (`params`), what every
command does around the stages (`runner`), the process's streams (`env`) and progress bars.

Nothing below imports it: the library works without it.
"""
