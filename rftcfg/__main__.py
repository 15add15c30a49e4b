"""`python -m rftcfg`, and the `rftcfg` command (its entry point is `run`)."""

import sys


def run() -> None:
    # Signals first, before the slow imports: an interrupt while starting is then a message and
    # exit 130, never a traceback (files.interrupts imports only the standard library).
    try:
        from rftcfg.files.interrupts import install

        install()
    except KeyboardInterrupt:  # so early that even that was cut short; nothing has been done
        sys.stderr.write("\nrftcfg: interrupted; nothing was written.\n")
        raise SystemExit(130) from None  # 128 + SIGINT, as files.interrupts and the boundary exit
    from rftcfg.cli import main

    main()


if __name__ == "__main__":
    run()
