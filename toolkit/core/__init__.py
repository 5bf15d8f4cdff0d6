"""The core: vocabularies, the template layout, plain data records, the rule catalogue and the
exceptions. Imports nothing else of the toolkit; everything else imports it."""
