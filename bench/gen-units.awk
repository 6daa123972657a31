# gen-units.awk: a register of N units as a .csv (awk -v n=100000 -f gen-units.awk).
# Deterministic.  Every unit occupied, handed over and moved in on given dates; one
# owner in twenty owns the unit next door too; one in five has two phone numbers.
BEGIN {
	split("王 李 张 刘 陈 杨 黄 赵 吴 周 徐 孙 马 朱 胡 郭 何 高 林 罗", sur, " ")
	split("伟 芳 娜 秀英 敏 静 丽 强 磊 军 洋 勇 艳 杰 娟 涛 明 超 霞 平", giv, " ")
	split("89.57 118.32 65.44 143.88", area, " ")
	print "楼栋,单元,楼层,房号,建筑面积,房屋类型,状态,业主,电话,交房日期,入住日期"
	seed = 12345
	made = 0; b = 0
	while (made < n) {
		b++
		for (e = 1; e <= 2 && made < n; e++)
			for (f = 1; f <= 25 && made < n; f++)
				for (k = 1; k <= 4 && made < n; k++) {
					seed = (seed * 1103515245 + 12345) % 2147483648
					if (made == 0 || seed % 20 != 0) {
						name = sur[seed % 20 + 1] giv[int(seed / 20) % 20 + 1]
						phone = sprintf("13%d%08d", 5 + seed % 5, made * 2 + 1)
						if (seed % 5 == 1)
							phone = phone "/" sprintf("15%d%08d", seed % 9, made * 2 + 2)
					}
					hy = 2015 + b % 6; hm = 1 + b % 12
					printf "%d,%d,%d,%d%02d,%s,住宅,已入住,%s,%s,%04d-%02d-01,%04d-%02d-15\n", \
						b, e, f, f, k, area[k], name, phone, hy, hm, hy + 1, hm
					made++
				}
	}
}
