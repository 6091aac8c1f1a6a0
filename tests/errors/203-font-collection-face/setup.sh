mkdir -p fonts
ln -s "$REPO"/fonts/NotoSerif-*.ttf "$REPO"/fonts/NotoSans-*.ttf fonts/
ln -s /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc fonts/NotoSansCJK-Regular.ttc
