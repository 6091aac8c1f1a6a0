# How story.md was made (not run by the tests): line 4 has a Latin-1 byte
# 0xE8 ('è') at column 11.
printf -- '---\ntitle: "Latin-1 text"\n---\nThe Minist\xe8re de la Justice sent a delegation.\n' > story.md
