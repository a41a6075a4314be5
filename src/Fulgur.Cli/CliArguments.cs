using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Fulgur.Cli;

/// <summary>How parameters are sent: by position (the default) or as <c>name=value</c> (<c>-k</c>).</summary>
internal enum ParamStyle
{
    Ordered,
    Keywords,
}

/// <summary>
/// fulgur-cli's command line (interfaces.md §7): <c>[--lightning-dir=DIR] [--network=NAME] [--rpc-file=NAME]
/// [-k|--keywords] [-o|--order] [-H|--human-readable] METHOD [PARAMS…]</c>. Options may come before or after METHOD;
/// after <c>--</c> everything is a parameter.
/// </summary>
internal sealed record CliArguments
{
    public string? LightningDir { get; init; }
    public string? Network { get; init; }
    public string? RpcFile { get; init; }
    public ParamStyle Style { get; init; } = ParamStyle.Ordered;
    public bool HumanReadable { get; init; }
    public bool ShowHelp { get; init; }
    public string? Method { get; init; }
    public JsonNode? Params { get; init; }

    public static bool TryParse(IReadOnlyList<string> args, [NotNullWhen(true)] out CliArguments? parsed, out string error)
    {
        parsed = null;
        var result = new CliArguments();
        var rest = new List<string>();
        var optionsDone = false;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (optionsDone)
            {
                rest.Add(arg);
                continue;
            }
            switch (arg)
            {
                case "--":
                    optionsDone = true;
                    continue;
                case "-k" or "--keywords":
                    result = result with { Style = ParamStyle.Keywords };
                    continue;
                case "-o" or "--order":
                    result = result with { Style = ParamStyle.Ordered };
                    continue;
                case "-H" or "--human-readable":
                    result = result with { HumanReadable = true };
                    continue;
                case "-J" or "--json":
                    result = result with { HumanReadable = false };
                    continue;
                case "-h" or "--help":
                    result = result with { ShowHelp = true };
                    continue;
            }
            if (TryValueOption(args, ref i, "--lightning-dir", out var value, out error))
                result = result with { LightningDir = value };
            else if (error.Length == 0 && TryValueOption(args, ref i, "--network", out value, out error))
                result = result with { Network = value };
            else if (error.Length == 0 && TryValueOption(args, ref i, "--rpc-file", out value, out error))
                result = result with { RpcFile = value };
            else if (error.Length > 0)
                return false;
            else if (arg.StartsWith("--", StringComparison.Ordinal) || (arg.Length == 2 && arg[0] == '-' && char.IsAsciiLetter(arg[1])))
            {
                error = $"unknown option '{arg}'";
                return false;
            }
            else
                rest.Add(arg);
        }

        if (result.ShowHelp && rest.Count == 0)
        {
            parsed = result;
            error = "";
            return true;
        }
        if (rest.Count == 0)
        {
            error = "no METHOD given";
            return false;
        }
        if (!TryBuildParams(result.Style, rest.Skip(1).ToList(), out var parameters, out error))
            return false;
        parsed = result with { Method = rest[0], Params = parameters };
        return true;
    }

    private static bool TryValueOption(IReadOnlyList<string> args, ref int i, string name, out string value, out string error)
    {
        value = "";
        error = "";
        var arg = args[i];
        if (arg.StartsWith(name + "=", StringComparison.Ordinal))
            value = arg[(name.Length + 1)..];
        else if (arg == name)
        {
            if (i + 1 >= args.Count)
            {
                error = $"{name} needs a value";
                return false;
            }
            value = args[++i];
        }
        else
            return false;
        if (value.Length == 0)
        {
            error = $"{name} needs a value";
            return false;
        }
        return true;
    }

    private static bool TryBuildParams(ParamStyle style, List<string> values, out JsonNode parameters, out string error)
    {
        error = "";
        if (style == ParamStyle.Ordered)
        {
            var array = new JsonArray();
            foreach (var v in values)
                array.Add(ParseValue(v));
            parameters = array;
            return true;
        }
        var obj = new JsonObject();
        parameters = obj;
        foreach (var v in values)
        {
            var eq = v.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                error = $"with -k every parameter is name=value, not '{v}'";
                return false;
            }
            var name = v[..eq];
            if (obj.ContainsKey(name))
            {
                error = $"parameter '{name}' given twice";
                return false;
            }
            obj[name] = ParseValue(v[(eq + 1)..]);
        }
        return true;
    }

    /// <summary>A value that parses as a JSON number, array, object, true, false or null is sent as that; anything else is a string.</summary>
    internal static JsonNode? ParseValue(string text)
    {
        var trimmed = text.Trim();
        if (trimmed.Length > 0 && (trimmed[0] is '[' or '{' or '-' or (>= '0' and <= '9') || trimmed is "true" or "false" or "null"))
        {
            try
            {
                var node = JsonNode.Parse(trimmed);
                if (node is null || node.GetValueKind() is not JsonValueKind.String)
                    return node;
            }
            catch (JsonException)
            {
                // Not JSON: a string.
            }
        }
        return JsonValue.Create(text);
    }
}
