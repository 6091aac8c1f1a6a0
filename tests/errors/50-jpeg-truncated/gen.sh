# How cover.jpg was made (not run by the tests): the start of a 4x4 baseline
# JPEG (SOI, JFIF APP0, SOF0, SOS header) and two bytes of scan data; the
# file ends there, with no end-of-image marker.
printf '\377\330\377\340\000\020JFIF\000\001\001\000\000\001\000\001\000\000' > cover.jpg
printf '\377\300\000\021\010\000\004\000\004\003\001\042\000\002\021\001\003\021\001' >> cover.jpg
printf '\377\332\000\014\003\001\000\002\021\003\021\000\077\000\253\315' >> cover.jpg
