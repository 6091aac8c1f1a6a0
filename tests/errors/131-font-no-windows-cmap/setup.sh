mkdir -p fonts
python3 "$REPO/tests/errors/mkfont.py" "$REPO/fonts/NotoSans-Regular.ttf" fonts/Broken-Regular.ttf no-win-cmap
ln -s "$REPO"/fonts/NotoSerif-*.ttf fonts/
