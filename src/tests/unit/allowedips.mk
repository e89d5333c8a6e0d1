UNIT_TESTS += test_allowedips
test_allowedips_SRCS := src/tests/unit/test_allowedips.c src/allowedips.c
