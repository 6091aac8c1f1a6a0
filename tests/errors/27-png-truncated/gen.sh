# How photo.png was made (not run by the tests): a valid 4x4 RGB PNG cut
# after 45 bytes: the signature, a correct IHDR chunk, then an IDAT chunk
# header announcing 16 bytes of which only 4 are there, and no IEND.
printf '\211PNG\r\n\032\n' > photo.png
printf '\000\000\000\015IHDR\000\000\000\004\000\000\000\004\010\002\000\000\000\046\223\011\051' >> photo.png
printf '\000\000\000\020IDATx\234c\370' >> photo.png
