"""The one sample generator, used by the demo, the benchmarks and the tests.

- `names`: the name tables and a source of unique, gendered names;
- `dates`: random dates in a range, whole years, ages;
- `draw`: a weighted choice and the split of a total;
- `rows`: the rows of a submission (constructors, `Period`, `Cards`, `OrgRows`);
- `org`: a generic organisation of any size whose rows validate without an issue;
- `messy`: clean rows retyped as secretaries type them, and the legacy text encoders;
- `ward` (with `ward_figures`, `ward_plan`, `ward_people`): the demo ward, modelled on the
  reference report.
"""
