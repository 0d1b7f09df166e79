"""Statistics: agreement (ICC, Krippendorff's alpha), reliable and clinically significant
change with the norms it rests on, and change on a case's measures. Pure numbers and tables,
no drawing. May import case and work."""
