# How layout.yaml was made (not run by the tests): the title on line 2 has
# the Latin-1 byte 0xE9 ('é') at column 21 (after 'document: {title: "R').
printf 'fonts: {dir: ../../../fonts}\ndocument: {title: "R\351union"}\nparts:\n  - text: "Hello."\n' > layout.yaml
