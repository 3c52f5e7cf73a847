/// Colours and attributes for text a widget writes.
public struct Style: Sendable, Equatable, Hashable {
    /// Text colour.
    public var foreground: Color
    /// Background colour.
    public var background: Color
    /// Bold, dim, reverse, underline.
    public var attributes: Attributes

    /// A style; default colours and no attributes unless told otherwise.
    public init(foreground: Color = .default, background: Color = .default, attributes: Attributes = []) {
        self.foreground = foreground
        self.background = background
        self.attributes = attributes
    }

    /// Default colours, no attributes.
    public static let plain = Style()

    /// A cell showing `character` in this style.
    public func cell(_ character: Character) -> Cell {
        Cell(character, foreground: foreground, background: background, attributes: attributes)
    }

    /// This style with `extra` attributes added.
    public func adding(_ extra: Attributes) -> Style {
        var copy = self
        copy.attributes.formUnion(extra)
        return copy
    }
}
