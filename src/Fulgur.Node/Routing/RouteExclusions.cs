using System.Collections.Immutable;
using Fulgur.Protocol.Types;

namespace Fulgur.Node.Routing;

/// <summary>Channel directions and nodes that route finding must avoid (an immutable set, safe to share with readers).</summary>
public sealed record RouteExclusions(
    ImmutableHashSet<(ShortChannelId Channel, ChannelDirection Direction)> Channels,
    ImmutableHashSet<NodeId> Nodes)
{
    public static readonly RouteExclusions None = new([], []);

    /// <summary>
    /// One entry of getroute's <c>exclude</c> (interfaces.md §5): <c>BLOCKxTXxOUT/DIRECTION</c> (or
    /// <c>BLOCK:TX:OUT/DIRECTION</c>) for a channel direction, or a 66-hex node id. False for anything else.
    /// </summary>
    public static bool TryParseEntry(ReadOnlySpan<char> text, out (ShortChannelId Channel, ChannelDirection Direction) channel, out NodeId? node)
    {
        channel = default;
        node = null;
        var slash = text.IndexOf('/');
        if (slash < 0)
            return NodeId.TryParse(text, out node);
        var direction = text[(slash + 1)..];
        if (direction is not ("0" or "1") || !ShortChannelId.TryParse(text[..slash], out var scid))
            return false;
        channel = (scid, direction is "0" ? ChannelDirection.FromNode1 : ChannelDirection.FromNode2);
        return true;
    }
}
