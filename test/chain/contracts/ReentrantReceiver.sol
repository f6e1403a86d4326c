// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// A registrant contract that tries to withdraw twice: its receive() calls withdraw() again.
contract ReentrantReceiver {
    address public immutable registry;
    bool public refusePayments;
    bool public reentryAttempted;
    bool public reentrySucceeded;
    bytes public reentryError;
    uint256 public received;

    constructor(address registry_) {
        registry = registry_;
    }

    function setRefusePayments(bool refuse) external {
        refusePayments = refuse;
    }

    /// Calls the registry as this contract (to register, withdraw, ...).
    function forward(bytes calldata data) external payable returns (bytes memory) {
        (bool ok, bytes memory ret) = registry.call{value: msg.value}(data);
        if (!ok) {
            assembly {
                revert(add(ret, 32), mload(ret))
            }
        }
        return ret;
    }

    receive() external payable {
        require(!refusePayments, "refusing payment");
        received += msg.value;
        if (!reentryAttempted) {
            reentryAttempted = true;
            (bool ok, bytes memory ret) = registry.call(abi.encodeWithSignature("withdraw()"));
            reentrySucceeded = ok;
            reentryError = ret;
        }
    }
}
