"""``python -m hypedetect`` runs the command line."""

from hypedetect.cli import main

if __name__ == "__main__":
    main()
