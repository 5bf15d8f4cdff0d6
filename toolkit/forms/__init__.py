"""The official report forms (Biểu 1–4-BTCTW) as data, and their computation."""
