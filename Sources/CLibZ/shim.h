// zlib from Debian's zlib1g-dev, used only by DataSources/LibZ.swift (inflating workbook parts).
#include <zlib.h>
