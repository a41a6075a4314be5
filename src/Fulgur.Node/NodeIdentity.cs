using System.Reflection;
using Fulgur.Crypto;

namespace Fulgur.Node;

/// <summary>Who this node is: the node id (from hsm_secret) and the alias and color it shows.</summary>
public sealed record NodeIdentity(PublicKey NodeId, string Alias, byte[] Color)
{
    /// <summary>The version getinfo reports, from the assembly version: <c>v0.1.0</c>.</summary>
    public static string Version { get; } = "v" + (typeof(NodeIdentity).Assembly
        .GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0");
}
