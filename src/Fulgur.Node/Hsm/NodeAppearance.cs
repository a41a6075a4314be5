using Fulgur.Crypto;

namespace Fulgur.Node.Hsm;

/// <summary>
/// The alias and color a node shows when --alias/--rgb are not given, both derived from the node id as Core Lightning
/// does: the color is the three bytes after the key's parity byte, the alias an adjective and a noun the id picks.
/// </summary>
public static class NodeAppearance
{
    private static readonly string[] Adjectives =
    [
        "SILENT", "BRAVE", "CLEVER", "GENTLE", "RAPID", "QUIET", "BRIGHT", "LUCKY", "SHARP", "CALM", "EAGER", "JOLLY",
        "NIMBLE", "PROUD", "SWIFT", "WISE", "BOLD", "COSMIC", "DARING", "FIERCE", "GOLDEN", "HAPPY", "IRON", "KEEN",
        "LIVELY", "MIGHTY", "NOBLE", "POLAR", "ROYAL", "SOLAR", "VIVID", "WILD",
    ];

    private static readonly string[] Nouns =
    [
        "FALCON", "OTTER", "TIGER", "BADGER", "RAVEN", "WOLF", "PANDA", "HERON", "LYNX", "MOOSE", "BISON", "COBRA",
        "EAGLE", "FERRET", "GECKO", "HAWK", "IBIS", "JAGUAR", "KOALA", "LEMUR", "MARTEN", "NEWT", "ORCA", "PUMA",
        "QUAIL", "ROBIN", "SHARK", "TOUCAN", "VIPER", "WALRUS", "YAK", "ZEBRA",
    ];

    public static string DefaultAlias(PublicKey nodeId)
    {
        ArgumentNullException.ThrowIfNull(nodeId);
        var k = nodeId.Compressed;
        return Adjectives[k[4] % Adjectives.Length] + Nouns[k[5] % Nouns.Length];
    }

    public static byte[] DefaultColor(PublicKey nodeId)
    {
        ArgumentNullException.ThrowIfNull(nodeId);
        return nodeId.Compressed.Slice(1, 3).ToArray();
    }
}
