using System.Globalization;

namespace Fulgur.Demo;

/// <summary><c>./fulgur demo [--keep] [--json] [--nodes=N] [--bin-dir=DIR] [--work-dir=DIR]</c>: five nodes make the diamond; more extend a line from its payee.</summary>
internal sealed record DemoOptions(bool Keep, bool Json, int Nodes, string BinDir, string? WorkDir)
{
    public static bool TryParse(IReadOnlyList<string> args, out DemoOptions options, out string error)
    {
        options = new DemoOptions(false, false, 5, AppContext.BaseDirectory, null);
        error = "";
        foreach (var arg in args)
        {
            var (name, value) = arg.Split('=', 2) is [var n, var v] ? (n, v) : (arg, null);
            switch (name)
            {
                case "--keep" when value is null: options = options with { Keep = true }; break;
                case "--json" when value is null: options = options with { Json = true }; break;
                case "--nodes" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count is >= 5 and <= 8:
                    options = options with { Nodes = count };
                    break;
                case "--bin-dir" when !string.IsNullOrEmpty(value): options = options with { BinDir = value }; break;
                case "--work-dir" when !string.IsNullOrEmpty(value): options = options with { WorkDir = value }; break;
                default:
                    error = $"unknown or malformed option '{arg}' (options: --keep, --json, --nodes=5..8, --bin-dir=DIR, --work-dir=DIR)";
                    return false;
            }
        }
        return true;
    }
}
