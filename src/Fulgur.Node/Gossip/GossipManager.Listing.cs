using Fulgur.Bitcoin;
using Fulgur.Node.Config;
using Fulgur.Protocol.Gossip;
using Fulgur.Protocol.Types;
using Fulgur.Protocol.Wire.Messages;

namespace Fulgur.Node.Gossip;

/// <summary>One direction of a channel as <c>listchannels</c> shows it: its ends, capacity and latest update.</summary>
public sealed record ChannelListing(NodeId Source, NodeId Destination, bool IsPublic, Satoshi Capacity, ChannelUpdateMessage Update);

/// <summary>
/// A private channel of ours and the peer's <c>channel_update</c> for its direction towards us (what a route hint to us
/// through that peer carries).
/// </summary>
public sealed record PrivateChannelPeerUpdate(NodeId Peer, ShortChannelId ShortChannelId, ChannelUpdateMessage Update);

/// <summary>One node as <c>listnodes</c> shows it: its announcement when it sent one.</summary>
public sealed record NodeListing(NodeId NodeId, NodeAnnouncementMessage? Announcement);

public sealed partial class GossipManager
{
    /// <summary>
    /// Every channel direction with an update: the public ones, and our private channels (our update and our peer's).
    /// </summary>
    public async Task<IReadOnlyList<ChannelListing>> ListChannelsAsync(CancellationToken cancellationToken)
    {
        var own = _channels.GossipChannels;
        var local = _localUpdates;
        return await ReadAsync(state =>
        {
            var list = new List<ChannelListing>();
            foreach (var channel in state.Channels.OrderBy(c => c.ShortChannelId))
            {
                for (var d = 0; d < 2; d++)
                {
                    if (channel.Updates[d] is { } update)
                    {
                        var source = channel.Endpoints.For((ChannelDirection)d);
                        var destination = channel.Endpoints.For((ChannelDirection)(1 - d));
                        list.Add(new ChannelListing(source, destination, true, channel.Capacity, update));
                    }
                }
            }
            foreach (var channel in own.Where(c => c.IsNormal && !c.IsClosed).OrderBy(c => c.ShortChannelId))
            {
                if (channel.ShortChannelId is not { } scid || state.TryGetChannel(scid, out _))
                    continue;
                var ends = ChannelEndpoints.Sorted(_us, channel.Peer);
                var ours = ends.DirectionOf(_us);
                if (local?.Current(scid) is { } mine)
                    list.Add(new ChannelListing(_us, channel.Peer, false, channel.Capacity, mine));
                if (state.PrivateUpdate(scid, (ChannelDirection)(1 - (int)ours)) is { } theirs)
                    list.Add(new ChannelListing(channel.Peer, _us, false, channel.Capacity, theirs));
            }
            return (IReadOnlyList<ChannelListing>)list;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Our private channels (opened without <c>announce_channel</c>) that can carry a payment to us now: open, with a
    /// connected peer whose latest <c>channel_update</c> for the peer→us direction is stored and not disabled.
    /// </summary>
    public async Task<IReadOnlyList<PrivateChannelPeerUpdate>> PrivateChannelPeerUpdatesAsync(CancellationToken cancellationToken)
    {
        var candidates = _channels.GossipChannels
            .Where(c => !c.Announce && c.IsNormal && !c.IsClosed && c.ShortChannelId is not null && _peers.IsConnected(c.Peer))
            .OrderBy(c => c.ShortChannelId)
            .ToList();
        if (candidates.Count == 0)
            return [];
        return await ReadAsync(state =>
        {
            var list = new List<PrivateChannelPeerUpdate>();
            foreach (var channel in candidates)
            {
                var scid = channel.ShortChannelId!.Value;
                var theirs = (ChannelDirection)(1 - (int)ChannelEndpoints.Sorted(_us, channel.Peer).DirectionOf(_us));
                if (state.PrivateUpdate(scid, theirs) is { IsDisabled: false } update)
                    list.Add(new PrivateChannelPeerUpdate(channel.Peer, scid, update));
            }
            return (IReadOnlyList<PrivateChannelPeerUpdate>)list;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Every node with a public channel, with its announcement when we have one.</summary>
    public Task<IReadOnlyList<NodeListing>> ListNodesAsync(CancellationToken cancellationToken) =>
        ReadAsync(state => (IReadOnlyList<NodeListing>)state.ChannelNodes
            .Select(n => new NodeListing(n, state.TryGetNode(n, out var a) ? a : null))
            .OrderBy(n => n.NodeId.ToHex(), StringComparer.Ordinal)
            .ToList(), cancellationToken);

    /// <summary>
    /// The addresses <paramref name="node"/> announced that we can dial (IPv4, IPv6, DNS; not Tor), in its order: where
    /// the peer layer reconnects to a channel peer when it has no address of its own (interfaces.md §6 "Restarts").
    /// </summary>
    public async Task<IReadOnlyList<HostPort>> AnnouncedAddressesAsync(NodeId node, CancellationToken cancellationToken)
    {
        var announcement = await ReadAsync(state => state.TryGetNode(node, out var a) ? a : null, cancellationToken).ConfigureAwait(false);
        if (announcement is null)
            return [];
        var addresses = new List<HostPort>();
        foreach (var descriptor in announcement.Addresses.Usable)
        {
            switch (descriptor)
            {
                case IPv4NodeAddress v4:
                    addresses.Add(new HostPort(v4.Address.ToString(), v4.Port));
                    break;
                case IPv6NodeAddress v6:
                    addresses.Add(new HostPort(v6.Address.ToString(), v6.Port));
                    break;
                case DnsHostnameNodeAddress dns:
                    addresses.Add(new HostPort(dns.Hostname, dns.Port));
                    break;
            }
        }
        return addresses;
    }
}
