# How chart.png was made (not run by the tests): the first bytes of a GIF.
printf 'GIF89a\001\000\001\000\200\000\000' > chart.png
