from rftcfg.cli import main

main()
