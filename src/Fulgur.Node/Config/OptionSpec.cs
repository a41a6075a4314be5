namespace Fulgur.Node.Config;

/// <summary>How an option's value is read and shown by listconfigs.</summary>
public enum OptionKind
{
    /// <summary>Any non-empty text.</summary>
    Text,
    /// <summary>A file or directory name.</summary>
    Path,
    /// <summary>No value: present means on.</summary>
    Flag,
    /// <summary>A non-negative whole number within the option's range.</summary>
    WholeNumber,
    /// <summary>One of a fixed set of words.</summary>
    Choice,
    /// <summary><c>HOST[:PORT]</c>.</summary>
    Address,
    /// <summary>Six hex digits.</summary>
    Rgb,
}

/// <summary>
/// One fulgurd option, declared once: the command line, the config files, validation, <c>--help</c> and listconfigs all
/// read this declaration. Names are Core Lightning's (interfaces.md §2).
/// </summary>
public sealed record OptionSpec(string Name, OptionKind Kind, string Description)
{
    /// <summary>May be given several times; every value counts (Core Lightning accumulates these).</summary>
    public bool Repeatable { get; init; }

    /// <summary>Only meaningful on the command line (they decide which config files are read).</summary>
    public bool CommandLineOnly { get; init; }

    /// <summary>Allowed words for <see cref="OptionKind.Choice"/>.</summary>
    public IReadOnlyList<string> Choices { get; init; } = [];

    /// <summary>Inclusive range for <see cref="OptionKind.WholeNumber"/>.</summary>
    public long Minimum { get; init; }
    public long Maximum { get; init; } = uint.MaxValue;

    /// <summary>Sets another option instead of itself (<c>--regtest</c> is <c>--network=regtest</c>).</summary>
    public (string Option, string Value)? Shorthand { get; init; }

    /// <summary>Checks a value; returns null when it is fine, else what is wrong.</summary>
    public string? Validate(string? value)
    {
        if (Kind == OptionKind.Flag || Shorthand is not null)
            return value is null ? null : "takes no value";
        if (value is null)
            return "needs a value (--" + Name + "=VALUE)";
        switch (Kind)
        {
            case OptionKind.Text:
            case OptionKind.Path:
                return value.Length == 0 ? "must not be empty" : null;
            case OptionKind.WholeNumber:
                if (!long.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n))
                    return $"'{value}' is not a whole number";
                return n < Minimum || n > Maximum ? $"{value} is out of range ({Minimum}-{Maximum})" : null;
            case OptionKind.Choice:
                return Choices.Contains(value) ? null : $"'{value}' is not one of {string.Join(", ", Choices)}";
            case OptionKind.Address:
                return HostPort.TryParse(value, 1, out _, out var why, allowPortZero: Name == "addr") ? null : $"'{value}': {why}";
            case OptionKind.Rgb:
                return value.Length == 6 && value.All(Uri.IsHexDigit) ? null : $"'{value}' is not six hex digits (RRGGBB)";
            default:
                return null;
        }
    }
}
