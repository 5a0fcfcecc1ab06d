"""One reader for the spreadsheets units really have (issue 16): their own layouts, not only
the portal's templates. ``grids`` reads a workbook into rows, ``headers`` finds the table and
places its columns by meaning, ``values`` reads cells as people write them, ``encodings``
converts legacy TCVN3 and VNI text. Each import says which fields it needs and checks its
own rows."""
