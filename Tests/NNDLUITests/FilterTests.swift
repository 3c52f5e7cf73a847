import NNDL
import Testing
@testable import NNDLUI

@Suite struct FilterTests {
    /// Four 2×2 RGB filters, as (filter, y, x) → (r, g, b):
    /// 0: red, green / blue, white (0…1); 1: constant 5; 2: white then black (0…1); 3: grey 2 with 4 at (1, 1).
    static func pixel(_ f: Int, _ y: Int, _ x: Int) -> [Float] {
        switch f {
        case 0: return [[[1, 0, 0], [0, 1, 0]], [[0, 0, 1], [1, 1, 1]]][y][x]
        case 1: return [5, 5, 5]
        case 2: return y == 0 && x == 0 ? [1, 1, 1] : [0, 0, 0]
        default: return y == 1 && x == 1 ? [4, 4, 4] : [2, 2, 2]
        }
    }

    static func snapshot(_ layout: ImageLayout) -> FilterSnapshot {
        let shape = ImageShape(height: 2, width: 2, channels: 3, layout: layout)
        var values = [Float](repeating: 0, count: 4 * shape.dimension)
        for f in 0..<4 {
            for y in 0..<2 {
                for x in 0..<2 {
                    for c in 0..<3 { values[f * shape.dimension + shape.index(y: y, x: x, channel: c)] = pixel(f, y, x)[c] }
                }
            }
        }
        return FilterSnapshot(iteration: 7, image: shape, count: 4, values: values)
    }

    static let (K, W) = (RGB(0, 0, 0), RGB(255, 255, 255))
    /// visualize_grid: 2 filters a row, 2·2 + 1 = 5 pixels square, black padding in row and column 2.
    static let expected: [[RGB]] = [
        [RGB(255, 0, 0), RGB(0, 255, 0), K, K, K],
        [RGB(0, 0, 255), W, K, K, K],
        [K, K, K, K, K],
        [W, K, K, K, K],
        [K, K, K, K, W],
    ]

    static func rows(_ image: FilterImage) -> [[RGB]] {
        (0..<image.height).map { y in (0..<image.width).map { x in image[x, y] } }
    }

    @Test(arguments: [ImageLayout.hwc, .chw])
    func gridLikeTheNotebook(_ layout: ImageLayout) {
        let image = FilterImage.grid(of: Self.snapshot(layout), scaling: .perFilter)
        #expect(image.width == 5 && image.height == 5)
        #expect(Self.rows(image) == Self.expected)
    }

    @Test func hwcAndChwDrawTheSameCells() {
        func draw(_ layout: ImageLayout) -> Grid {
            var g = Grid(width: 5, height: 3)
            FilterGrid.drawCells(FilterImage.grid(of: Self.snapshot(layout), scaling: .perFilter), into: &g,
                            area: Rect(width: 5, height: 3), colorMode: .trueColor, ramp: false)
            return g
        }
        #expect(draw(.hwc) == draw(.chw))
    }

    @Test func upperHalfBlocksCarryTwoPixels() {
        var g = Grid(width: 5, height: 3)
        FilterGrid.drawCells(FilterImage.grid(of: Self.snapshot(.hwc), scaling: .perFilter), into: &g,
                        area: Rect(width: 5, height: 3), colorMode: .indexed256, ramp: false)
        // xterm-256: red 196, green 46, blue 21, white 231, black 16; the fifth pixel row has no lower half.
        let cell = { (fg: UInt8, bg: UInt8?) in
            Cell("▀", foreground: .indexed(fg), background: bg.map(Color.indexed) ?? .default)
        }
        #expect((0..<5).map { g[$0, 0] } == [cell(196, 21), cell(46, 231), cell(16, 16), cell(16, 16), cell(16, 16)])
        #expect((0..<5).map { g[$0, 1] } == [cell(16, 231), cell(16, 16), cell(16, 16), cell(16, 16), cell(16, 16)])
        #expect((0..<5).map { g[$0, 2] } == [cell(16, nil), cell(16, nil), cell(16, nil), cell(16, nil), cell(231, nil)])
        var rgb = Grid(width: 5, height: 3)
        FilterGrid.drawCells(FilterImage.grid(of: Self.snapshot(.hwc), scaling: .perFilter), into: &rgb,
                        area: Rect(width: 5, height: 3), colorMode: .trueColor, ramp: false)
        #expect(rgb[0, 0] == Cell("▀", foreground: .rgb(255, 0, 0), background: .rgb(0, 0, 255)))
    }

    @Test func monochromeUsesTheLuminanceRamp() {
        var g = Grid(width: 5, height: 3)
        FilterGrid.drawCells(FilterImage.grid(of: Self.snapshot(.hwc), scaling: .perFilter), into: &g,
                        area: Rect(width: 5, height: 3), colorMode: .monochrome, ramp: true)
        // Mean luma of the two pixels × 10 / 256: (red 76.2 + blue 29.1)/2 → 2 ':', (green 149.7 + white 255)/2
        // → 7 '#', (black + white)/2 → 4 '=', white alone → 9 '@'.
        #expect(g.lines == [":#   ", "=    ", "    @"])
    }

    @Test func constantAndNonFiniteFiltersDoNotDivideByZero() {
        let shape = ImageShape(height: 1, width: 3, channels: 1, layout: .hwc)
        let s = FilterSnapshot(iteration: 0, image: shape, count: 2, values: [3, 3, 3, .nan, 1, .infinity])
        let image = FilterImage.grid(of: s, scaling: .perFilter)
        #expect(image.bytes.allSatisfy { $0 == 0 }, "constant → black; NaN, inf → black; one finite value → constant")
        let global = FilterImage.grid(of: s, scaling: .global)
        #expect(global[0, 0] == RGB(255, 255, 255), "globally 3 is the maximum of 1…3")
        #expect(global[5, 0] == RGB(0, 0, 0))
    }

    @Test func globalScalingComparesMagnitudes() {
        let shape = ImageShape(height: 1, width: 2, channels: 1, layout: .chw)
        let s = FilterSnapshot(iteration: 0, image: shape, count: 2, values: [0, 1, 0, 0.5])
        #expect(FilterImage.filter(1, of: s, scaling: .perFilter)[1, 0] == RGB(255, 255, 255))
        #expect(FilterImage.filter(1, of: s, scaling: .global)[1, 0] == RGB(127, 127, 127))
    }

    @Test func boxFilterAveragesWhenShrinking() {
        var image = FilterImage(width: 2, height: 2)
        image[1, 0] = RGB(255, 255, 255)
        image[0, 1] = RGB(255, 255, 255)
        image[1, 1] = RGB(255, 0, 255)
        #expect(image.resized(width: 1, height: 1)[0, 0] == RGB(191, 127, 191))
        let big = image.resized(width: 4, height: 4)
        #expect(big[3, 3] == RGB(255, 0, 255) && big[0, 0] == RGB(0, 0, 0), "nearest neighbour when enlarging")
    }

    /// `filters --scale K` enlarges the grid K times: every pixel becomes a K×K block of itself.
    @Test(arguments: [1, 2, 3, 4, 7])
    func integerMagnificationRepeatsEachPixel(k: Int) {
        let grid = FilterImage.grid(of: Self.snapshot(.hwc), scaling: .perFilter)
        let big = grid.resized(width: 5 * k, height: 5 * k)
        let expected = Self.expected.flatMap { row in Array(repeating: row.flatMap { Array(repeating: $0, count: k) }, count: k) }
        #expect(Self.rows(big) == expected)
    }

    @Test func cifarGridGeometry() {
        let s = FilterSnapshot(iteration: 0, image: .cifar(.hwc), count: 50,
                               values: (0..<(50 * 3072)).map { Float($0 % 97) })
        let image = FilterImage.grid(of: s, scaling: .perFilter)
        // ceil(√50) = 8 filters a row: 8·32 + 7 = 263 pixels.
        #expect(image.width == 263 && image.height == 263)
        var g = Grid(width: 30, height: 11)
        FilterGrid(snapshot: s, picture: image).render(into: &g, area: Rect(width: 30, height: 11))
        #expect(g.lines[0].hasPrefix("┌─ W1 filters (50) · blocks ·"), "the title is clipped to the frame")
        // 28×9 inside → 18 × 18 pixels (2 per cell vertically), centred: columns 6…23, rows 1…9.
        #expect(g.lines[5] == "│     " + String(repeating: "▀", count: 18) + "     │")
    }

    @Test func zoomShowsOneFilterLarge() {
        var g = Grid(width: 30, height: 6)
        FilterGrid(snapshot: Self.snapshot(.hwc), scaling: .global, zoomed: 0, colorMode: .trueColor)
            .render(into: &g, area: Rect(width: 30, height: 6))
        #expect(g.lines[0] == "┌─ W1 filter 1/4 · blocks · g┐", "the mode comes before what a narrow frame cuts")
        // 28×4 inside: 2×2 pixels enlarge ×4 to 8 × 8 → columns 11…18, rows 1…4; globally 1 is 1/5 of 0…5.
        #expect(g[11, 1] == Cell("▀", foreground: .rgb(51, 0, 0), background: .rgb(51, 0, 0)))
        #expect(g[18, 4] == Cell("▀", foreground: .rgb(51, 51, 51), background: .rgb(51, 51, 51)))
        #expect(g[10, 1] == .blank && g[19, 4] == .blank)
    }
}

@Suite struct XTerm256Tests {
    /// Cube corners, a cube colour, and greys: (128,128,128) is 0 away from grey 232+12 = 128, 147 from cube 135.
    static let table: [(RGB, UInt8)] = [
        (RGB(0, 0, 0), 16), (RGB(255, 255, 255), 231), (RGB(255, 0, 0), 196), (RGB(0, 255, 0), 46),
        (RGB(0, 0, 255), 21), (RGB(95, 135, 175), 67), (RGB(128, 128, 128), 244), (RGB(8, 8, 8), 232),
    ]

    @Test(arguments: table)
    func nearest(_ rgb: RGB, _ index: UInt8) {
        #expect(XTerm256.nearest(rgb) == index)
    }

    @Test func everyPaletteColourMapsToItself() {
        for i in UInt8(16)...255 {
            let rgb = XTerm256.rgb(of: i)
            #expect(XTerm256.rgb(of: XTerm256.nearest(rgb)) == rgb, "index \(i)")
        }
    }
}
