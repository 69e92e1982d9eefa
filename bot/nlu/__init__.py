"""Everything the language understanding is made of: the custom Rasa NLU components referenced from
config.yml, the Danish spaCy pipeline they share (danish_nlp), the word lists (known_words, spelling)
and the NLU data generated from the catalogue (catalogue_data)."""
