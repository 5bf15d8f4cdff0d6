"""The indicators: their definitions and the grouped, vectorised computation tested against them."""
