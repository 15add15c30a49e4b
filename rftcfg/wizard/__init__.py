"""The interactive wizard: the question flow and the Prompter (the only questionary import).
It returns a NewRequest; the CLI delivers it as `rftcfg new` would."""
