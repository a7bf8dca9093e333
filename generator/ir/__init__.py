"""The intermediate representation: a language-neutral model of the API, the only contract
between the spec loader and the emitters."""
