using Fulgur.Protocol.Types;

namespace Fulgur.Node.Storage;

/// <summary>
/// One channel as stored: the channel core's state (<c>ChannelStateSerializer</c> bytes) and what the node learnt of
/// its funding on the chain.
/// </summary>
/// <param name="Dbid">The node-wide channel number the channel's keys are derived from.</param>
/// <param name="FundingTx">Funder only: the signed funding transaction (to broadcast again after a restart).</param>
/// <param name="FundingHeight">The block that confirmed the funding transaction, once seen.</param>
/// <param name="FundingTxIndex">The funding transaction's index in that block.</param>
/// <param name="FundingSpent">A transaction spending the funding output was seen confirmed.</param>
public sealed record StoredChannel(
    ulong Dbid, NodeId Peer, byte[] State, byte[]? FundingTx, uint? FundingHeight, uint? FundingTxIndex, bool FundingSpent);

/// <summary>Channels, written in the same transaction as the step that changed them ("persist before you speak").</summary>
public interface IChannelRepository
{
    Task<IReadOnlyList<StoredChannel>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Inserts or replaces the channel with <see cref="StoredChannel.Dbid"/>.</summary>
    Task SaveAsync(StoredChannel channel, CancellationToken cancellationToken);
}
