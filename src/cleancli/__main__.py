from cleancli.cli import main

main()
