using Fulgur.Protocol.Types;
using Fulgur.Protocol.Wire.Messages;

namespace Fulgur.Node.Gossip;

/// <summary>
/// Where our own signed <c>channel_update</c>s come from (the payments component's <c>LocalChannelUpdates</c>, which
/// owns their signing, fees and the disable bit): the current one per channel, a re-signed one with a newer timestamp
/// for BOLT 7's staleness refresh, and a subscription to every new one. Gossip only broadcasts them.
/// </summary>
/// <param name="Current">Our update for a channel, null before it has one.</param>
/// <param name="Refresh">Re-signs our update with a newer timestamp.</param>
/// <param name="Subscribe">Registers a handler called with every newly signed update.</param>
public sealed record LocalUpdateSource(
    Func<ShortChannelId, ChannelUpdateMessage?> Current,
    Func<ShortChannelId, ChannelUpdateMessage?> Refresh,
    Action<Action<ChannelUpdateMessage>> Subscribe);
