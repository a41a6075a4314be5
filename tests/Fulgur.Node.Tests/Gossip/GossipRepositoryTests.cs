using Fulgur.Node.Storage;
using Fulgur.Protocol.Types;

namespace Fulgur.Node.Tests.Gossip;

/// <summary>The gossip store (migration 7): announcements and updates kept as received, replaced and deleted.</summary>
public sealed class GossipRepositoryTests
{
    private static readonly ShortChannelId Scid = ShortChannelId.Create(103, 1, 0);

    [Fact]
    public async Task Channels_updates_and_nodes_round_trip_and_are_replaced_and_deleted()
    {
        await using var store = await SqliteStore.OpenAsync(SqliteStore.InMemory, CancellationToken.None);
        var node = new GossipFactory().NewNode();
        await using (var tx = await store.BeginAsync(CancellationToken.None))
        {
            await tx.Gossip.PutChannelAsync(new StoredGossipChannel(Scid, [1, 2], 500_000), CancellationToken.None);
            await tx.Gossip.PutUpdateAsync(new StoredGossipUpdate(Scid, 0, [3]), CancellationToken.None);
            await tx.Gossip.PutUpdateAsync(new StoredGossipUpdate(Scid, 0, [4]), CancellationToken.None);
            await tx.Gossip.PutUpdateAsync(new StoredGossipUpdate(Scid, 1, [5]), CancellationToken.None);
            await tx.Gossip.PutNodeAsync(new StoredGossipNode(node, [6]), CancellationToken.None);
            await tx.Gossip.PutNodeAsync(new StoredGossipNode(node, [7]), CancellationToken.None);
            await tx.CommitAsync(CancellationToken.None);
        }
        await using (var tx = await store.BeginAsync(CancellationToken.None))
        {
            var channel = Assert.Single(await tx.Gossip.ListChannelsAsync(CancellationToken.None));
            Assert.Equal(Scid, channel.ShortChannelId);
            Assert.Equal([1, 2], channel.Announcement);
            Assert.Equal(500_000L, channel.CapacitySatoshis);
            var updates = await tx.Gossip.ListUpdatesAsync(CancellationToken.None);
            Assert.Equal([(byte)0, (byte)1], updates.Select(u => u.Direction));
            Assert.Equal([4], updates[0].Update);
            var stored = Assert.Single(await tx.Gossip.ListNodesAsync(CancellationToken.None));
            Assert.Equal(node, stored.NodeId);
            Assert.Equal([7], stored.Announcement);
            await tx.Gossip.DeleteChannelAsync(Scid, CancellationToken.None);
            await tx.Gossip.DeleteNodeAsync(node, CancellationToken.None);
            await tx.CommitAsync(CancellationToken.None);
        }
        await using (var tx = await store.BeginAsync(CancellationToken.None))
        {
            Assert.Empty(await tx.Gossip.ListChannelsAsync(CancellationToken.None));
            Assert.Empty(await tx.Gossip.ListUpdatesAsync(CancellationToken.None));
            Assert.Empty(await tx.Gossip.ListNodesAsync(CancellationToken.None));
        }
    }
}
