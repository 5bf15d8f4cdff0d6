"""Files in and out.

Reading one submission, in the order it happens: `discover` (which files are submissions),
`reader` (`read_submission`, the orchestration), `package` (the safety gate: bytes, zip,
XML), `sheets` (finding sheets, scanning their XML, their shape), `columns` (a column's cells
→ typed arrays, change notes → warnings), built on `normalize` (text, dates, numbers,
categories), `legacy` (TCVN3/VNI text), `cells` (whole-column helpers), `context` (the issues
of the file being read) and `runtime` (speed tricks). Then `readmany` (many files, on every
core), `registry` (the ward's list of organisations) and `atomic` (writing outputs safely).
"""
