"""The command line: the typer app and its entry point (`app`), the commands it registers
(`stage_commands`, `view_commands`, `tool_commands`, declared through `commands`), their shared
options (`params`), what a command does around the stages (`runner`) and around the views
(`viewing`, reading `recordfiles`), stdin, outputs and stderr (`streams`), the process's streams
(`env`) and progress bars.

Nothing below imports it: the library works without it.
"""
