import NNDL
import Testing
@testable import NNDLUI

/// The full-screen filter gallery (`v`).
struct FilterGalleryTests {
    /// At 80×24 in ASCII: the W1 panel over the body's left 50 columns (4 filters of 4×3 pixels, padding 1: 9×7
    /// pixels, fitted into its 48×20 cells at two pixels a row, as the luminance ramp), the notebook's question and
    /// the run's best validation accuracy in the right 30 columns; status and message rows stay.
    @Test func galleryBesideTheQuestion() {
        var state = Fixtures.running(ascii: true)
        _ = state.handle(.character("v"))
        #expect(state.overlay == .gallery)
        #expect(Dashboard.render(state, width: 80, height: 24, now: 0).lines == [
            " cifar-2layer  RUNNING  it 12/100  ep 0.2/2  2000 img/s  elapsed 0:01  ETA 0:02 ",
            "+- W1 filters (4) - ASCII - per-filter - it 12 --++- Question -----------------+",
            "|::::::=====-----::::::     +++++======-----:::::|| What differences do you    |",
            "|::::::=====-----::::::     +++++======-----:::::|| see in the weights between |",
            "|::::::=====-----::::::     +++++======-----:::::|| the suboptimal net and the |",
            "|%%%%%%#####*****++++++     #####******+++++*****|| best net you arrived at?   |",
            "|%%%%%%#####*****++++++     #####******+++++*****||                            |",
            "|***********+++++======     *****++++++==========|| this run: best val 0.290   |",
            "|++++++=====-----------     +++++======-----:::::||                            |",
            "|++++++=====-----------     +++++======-----:::::|| r restarts and keeps this  |",
            "|                                                || run to compare with        |",
            "|                                                ||                            |",
            "|                                                || v or Esc closes            |",
            "|======-----:::::%%%%%%     =====------:::::#####||                            |",
            "|======-----:::::%%%%%%     =====------:::::#####||                            |",
            "|******+++++=====******     +++++===========*****||                            |",
            "|######*****+++++++++++     *****++++++*****+++++||                            |",
            "|######*****+++++++++++     *****++++++*****+++++||                            |",
            "|======----------++++++     =====------:::::=====||                            |",
            "|======----------++++++     =====------:::::=====||                            |",
            "|======----------++++++     =====------:::::=====||                            |",
            "|                                                ||                            |",
            "+------------------------------------------------++----------------------------+",
            "it 6: learning_rate 0.001 -> 0.0005                                             ",
        ])
        _ = state.handle(.escape)
        #expect(state.overlay == nil)
    }

    /// With pixels the gallery asks for one picture over the panel's inside, with the notebook's padding 3.
    @Test func galleryPictureFillsThePanel() {
        var state = Fixtures.running()
        state.display = DisplayModes(color: .trueColor, graphics: .kitty)
        _ = state.handle(.character("v"))
        let grid = Dashboard.render(state, width: 120, height: 40, now: 0)
        #expect(grid.images.map(\.area) == [Rect(x: 1, y: 2, width: 88, height: 36)])
        #expect(grid.images.first?.image == FilterImage.grid(of: Fixtures.filters, scaling: .perFilter, padding: 3))
        #expect(grid.lines[1].hasPrefix("┌─ W1 filters (4) · kitty · per-filter · it 12 ─"))
        #expect(grid.lines[1].hasSuffix("┌─ Question ─────────────────┐"))
    }
}
