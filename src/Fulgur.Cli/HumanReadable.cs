using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Fulgur.Cli;

/// <summary>
/// <c>-H</c> output, after lightning-cli's: <c>help</c> becomes its text (one command's page, or the list of usage lines
/// and descriptions); any other result prints one <c>key=value</c> line per field, with arrays of objects as blocks
/// separated by blank lines.
/// </summary>
internal static class HumanReadable
{
    public static string Render(string method, JsonNode? result)
    {
        var text = new StringBuilder();
        if (method == "help" && result?["help"] is JsonArray entries)
        {
            if (entries.Count == 1)
                return (entries[0]?["verbose"]?.GetValue<string>() ?? "").TrimEnd() + "\n";
            foreach (var entry in entries)
            {
                text.Append(entry?["command"]?.GetValue<string>()).Append('\n');
                text.Append("    ").Append(entry?["description"]?.GetValue<string>()).Append("\n\n");
            }
            return text.ToString();
        }
        Write(result, "", text);
        return text.ToString();
    }

    private static void Write(JsonNode? node, string prefix, StringBuilder text)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, value) in obj)
                {
                    if (value is JsonArray { Count: > 0 } array && array.All(e => e is JsonObject))
                    {
                        foreach (var element in array)
                        {
                            Write(element, "", text);
                            text.Append('\n');
                        }
                    }
                    else
                        Write(value, prefix.Length == 0 ? name : prefix + "." + name, text);
                }
                break;
            case JsonArray array:
                text.Append(prefix).Append('=').Append(string.Join(",", array.Select(Scalar))).Append('\n');
                break;
            default:
                text.Append(prefix).Append('=').Append(Scalar(node)).Append('\n');
                break;
        }
    }

    private static string Scalar(JsonNode? node) => node switch
    {
        null => "null",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        _ => node.ToJsonString(),
    };
}
