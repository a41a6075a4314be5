using Fulgur.Bitcoin.Blocks;
using Fulgur.Protocol.Types;

namespace Fulgur.Node.Chain;

/// <summary>
/// Told about every change of the best chain by the <see cref="BlockWatcher"/>, in chain order: blocks joining it one
/// by one, and on a reorg the abandoned blocks tip first before the new branch is connected. After a restart the last
/// few blocks are delivered again (a rescan from a safe point), so handlers must be idempotent.
/// </summary>
public interface IChainListener
{
    Task BlockConnectedAsync(Block block, BlockHeight height, CancellationToken cancellationToken);

    Task BlockDisconnectedAsync(BlockHash hash, BlockHeight height, CancellationToken cancellationToken);
}
