from cleancli.cli.app import main

main()
