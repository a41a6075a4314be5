using System.Globalization;
using System.Text.Json.Nodes;
using Fulgur.Crypto;
using Fulgur.Node.Config;

namespace Fulgur.Node.Rpc.Commands;

/// <summary>
/// <c>listconfigs [config]</c>: every option's effective value and where it came from, in Core Lightning's form
/// (<c>{"configs": {"NAME": {"value_str"|"value_int"|"set"|"values_str", "source"|"sources"}}}</c>), and each value
/// also flat at the top level as older Core Lightning printed it.
/// </summary>
internal sealed class ListConfigsCommand(NodeConfig config, NodeIdentity identity) : RpcCommand("listconfigs", "utility",
    "List the node's configuration options, or one of them.",
    RpcParam.Optional("config", RpcParamType.Text, "only this option"))
{
    public override Task<JsonObject> ExecuteAsync(RpcArguments arguments, CancellationToken cancellationToken)
    {
        var values = config.Values.ToList();
        // alias and rgb default to values derived from the node id, known only once the node started.
        if (values.All(v => v.Spec.Name != "alias"))
            values.Add(new OptionValue(NodeOptions.Find("alias")!, identity.Alias, "default"));
        if (values.All(v => v.Spec.Name != "rgb"))
            values.Add(new OptionValue(NodeOptions.Find("rgb")!, Hex.Encode(identity.Color), "default"));

        if (arguments.TryGet<string>("config", out var only))
        {
            if (NodeOptions.Find(only) is null)
                throw new RpcException(RpcError.InvalidParams($"config: Unknown config option '{only}'"));
            values = [.. values.Where(v => v.Spec.Name == only)];
        }

        var configs = new JsonObject();
        var flat = new JsonObject();
        foreach (var group in values.GroupBy(v => v.Spec.Name).OrderBy(g => IndexOf(g.Key)))
        {
            var spec = group.First().Spec;
            if (spec.Repeatable)
            {
                configs[spec.Name] = new JsonObject
                {
                    ["values_str"] = new JsonArray([.. group.Select(v => (JsonNode?)v.Value)]),
                    ["sources"] = new JsonArray([.. group.Select(v => (JsonNode?)v.Source)]),
                };
                flat[spec.Name] = new JsonArray([.. group.Select(v => (JsonNode?)v.Value)]);
                continue;
            }
            var value = group.Last();
            var entry = new JsonObject();
            switch (spec.Kind)
            {
                case OptionKind.Flag:
                    var set = value.Value == "true";
                    entry["set"] = set;
                    flat[spec.Name] = set;
                    break;
                case OptionKind.WholeNumber:
                    var n = long.Parse(value.Value!, CultureInfo.InvariantCulture);
                    entry["value_int"] = n;
                    flat[spec.Name] = n;
                    break;
                default:
                    entry["value_str"] = value.Value;
                    flat[spec.Name] = value.Value;
                    break;
            }
            entry["source"] = value.Source;
            configs[spec.Name] = entry;
        }

        var result = new JsonObject { ["configs"] = configs };
        foreach (var (name, node) in flat.ToList())
        {
            flat.Remove(name);
            result[name] = node;
        }
        return Task.FromResult(result);
    }

    private static int IndexOf(string name)
    {
        for (var i = 0; i < NodeOptions.All.Count; i++)
        {
            if (NodeOptions.All[i].Name == name)
                return i;
        }
        return int.MaxValue;
    }
}
