using System.Text;
using System.Text.Json.Nodes;

namespace Fulgur.Node.Rpc;

/// <summary>
/// One JSON-RPC command: its name, help category and one-line description, its parameters declared once, and what it
/// does. Results are top-level JSON objects with Core Lightning's field names; failures throw <see cref="RpcException"/>.
/// </summary>
public abstract class RpcCommand
{
    protected RpcCommand(string name, string category, string description, params RpcParam[] parameters)
    {
        Name = name;
        Category = category;
        Description = description;
        Parameters = parameters;
    }

    public string Name { get; }
    public string Category { get; }
    public string Description { get; }
    public IReadOnlyList<RpcParam> Parameters { get; }

    /// <summary>The synopsis help shows, Core Lightning style: <c>getroute id amount_msat riskfactor [cltv]</c>.</summary>
    public string Usage
    {
        get
        {
            var usage = new StringBuilder(Name);
            foreach (var p in Parameters)
                usage.Append(' ').Append(p.IsRequired ? p.Name : "[" + p.Name + "]");
            return usage.ToString();
        }
    }

    public abstract Task<JsonObject> ExecuteAsync(RpcArguments arguments, CancellationToken cancellationToken);
}
