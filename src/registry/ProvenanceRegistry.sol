// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// Contract wallets prove their signatures through this interface (ERC-1271).
interface IERC1271 {
    function isValidSignature(bytes32 hash, bytes calldata signature) external view returns (bytes4);
}

/// @title ProvenanceRegistry
/// @notice Who registered which content, what it was made from, and where payments to it flow.
/// Records are keyed by the SHA-256 of the content bytes and are non-exclusive: anyone may claim a hash,
/// readers see every claim, oldest first, and judge for themselves.
contract ProvenanceRegistry {
    enum Kind { Media, Dataset, Model, Application, Output }
    enum Relation { DerivedFrom, TrainedOn, GeneratedBy, ComponentOf }
    /// CAWG training-and-data-mining values (cawg.training-mining), with Unspecified when not stated.
    enum Training { Unspecified, Allowed, NotAllowed, Constrained }

    struct ParentLink {
        uint256 id;
        Relation relation;
        uint16 shareBps;
    }

    /// A 64-bit perceptual hash; `algorithm` is the algorithm name as a left-aligned ASCII bytes32 (e.g. "pdq64").
    struct SoftBinding {
        bytes32 algorithm;
        uint64 value;
    }

    struct Registration {
        bytes32 contentHash;
        Kind kind;
        string title;
        string creator;
        string uri;
        bytes32 manifestHash;
        string digitalSourceType;
        Training training;
        ParentLink[] parents;
        SoftBinding[] softBindings;
    }

    /// What lives in storage for a record (one slot): what payments, revocation and reads need. The texts,
    /// the content and manifest hashes and the time are in the Registered event, found at `blockNumber`.
    struct Record {
        address registrant;
        uint40 blockNumber;
        Kind kind;
        Training training;
        bool revoked;
        /// The next record claiming the same content hash (0 = none): claims form a list, oldest first.
        uint32 nextSameHash;
    }

    /// A parent as stored: four fit in one slot.
    struct StoredParent {
        uint32 id;
        Relation relation;
        uint16 shareBps;
    }

    /// Claims of one content hash: the oldest, the newest and how many (one slot).
    struct HashClaims {
        uint32 first;
        uint32 last;
        uint32 count;
    }

    /// A dispute as stored (one slot); its reason URI is in the Disputed event at `blockNumber`.
    struct Dispute {
        address by;
        uint40 time;
        uint40 blockNumber;
    }

    /// What reads return; a client completes it from the Registered and Disputed events at the blocks named.
    struct RecordView {
        uint256 id;
        address registrant;
        uint64 blockNumber;
        Kind kind;
        Training training;
        bool revoked;
        ParentLink[] parents;
        Dispute[] disputes;
        uint256 disputeCount;
    }

    uint16 public constant TOTAL_BPS = 10000;
    uint256 public constant MAX_PARENTS = 8;
    uint256 public constant MAX_SOFT_BINDINGS = 4;
    /// pay() follows lineage at most this many links up from the paid record.
    uint256 public constant MAX_PAY_DEPTH = 8;
    /// pay() credits at most this many lineage nodes besides the paid one, so its gas stays bounded on wide DAGs.
    uint256 public constant MAX_PAY_NODES = 64;
    /// Reads return at most this many records per hash (the oldest) and disputes per record (the first).
    uint256 public constant MAX_READ_PER_HASH = 32;
    uint256 public constant MAX_READ_DISPUTES = 16;
    uint256 public constant MAX_TEXT_BYTES = 2048;

    bytes32 private constant DOMAIN_TYPEHASH =
        keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)");
    bytes32 private constant PARENT_TYPEHASH = keccak256("ParentLink(uint256 id,uint8 relation,uint16 shareBps)");
    bytes32 private constant SOFT_BINDING_TYPEHASH = keccak256("SoftBinding(bytes32 algorithm,uint64 value)");
    bytes32 private constant REGISTER_TYPEHASH = keccak256(
        "Register(address registrant,bytes32 contentHash,uint8 kind,string title,string creator,string uri,"
        "bytes32 manifestHash,string digitalSourceType,uint8 training,ParentLink[] parents,"
        "SoftBinding[] softBindings,uint256 nonce,uint256 deadline)"
        "ParentLink(uint256 id,uint8 relation,uint16 shareBps)SoftBinding(bytes32 algorithm,uint64 value)"
    );
    bytes32 private constant NAME_HASH = keccak256("ProvenanceRegistry");
    bytes32 private constant VERSION_HASH = keccak256("1");
    // Signatures with s in the upper half of the curve order are malleable copies; only the lower half counts.
    uint256 private constant HALF_CURVE_ORDER = 0x7FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF5D576E7357A4501DDFE92F46681B20A0;

    /// Record ids fit 32 bits; this many records is far beyond any chain's capacity for registrations.
    uint256 private constant MAX_RECORDS = type(uint32).max;

    // Record count and re-entrancy lock share a slot, so a registration writes one warm slot for the count.
    uint32 private _recordCount;
    uint8 private _lock = 1;
    mapping(uint256 => Record) private _records;
    mapping(bytes32 => HashClaims) private _claims;
    mapping(uint256 => StoredParent[]) private _parents;
    mapping(uint256 => Dispute[]) private _disputes;
    mapping(address => uint256) public nonces;
    mapping(address => uint256) public credits;

    /// Everything about a record that is only read, never computed on: event data costs a fraction of storage.
    event Registered(
        uint256 indexed id,
        bytes32 indexed contentHash,
        address indexed registrant,
        Kind kind,
        address submitter,
        uint64 time,
        Training training,
        bytes32 manifestHash,
        string title,
        string creator,
        string uri,
        string digitalSourceType
    );
    event ParentLinked(uint256 indexed id, uint256 indexed parentId, Relation relation, uint16 shareBps);
    /// One event per 16-bit chunk of a soft binding: bucket = position << 16 | chunk, position 0 = most
    /// significant bits. A client finds candidates within Hamming distance d by asking eth_getLogs for any of the
    /// buckets whose chunk is within floor(d / 4) bits of its own, then checks `value` exactly.
    event SoftBindingChunk(bytes32 indexed algorithm, uint256 indexed bucket, uint256 indexed id, uint64 value);
    event Revoked(uint256 indexed id, address indexed by);
    event Disputed(uint256 indexed id, address indexed by, uint256 index, string reasonUri);
    event Paid(uint256 indexed id, address indexed payer, uint256 amount);
    event Forwarded(uint256 indexed fromId, uint256 indexed toId, uint256 amount, uint8 depth);
    event Credited(uint256 indexed id, address indexed account, uint256 amount, uint8 depth);
    event Withdrawn(address indexed account, uint256 amount);

    error EmptyContentHash();
    error UnknownRecord(uint256 id);
    error ParentRevoked(uint256 id);
    error DuplicateParent(uint256 id);
    error TooManyParents(uint256 count, uint256 max);
    error SharesExceedTotal(uint256 totalBps);
    error TooManySoftBindings(uint256 count, uint256 max);
    error EmptySoftBindingAlgorithm();
    error TextTooLong(uint256 length, uint256 max);
    error SignatureExpired(uint256 deadline);
    error InvalidSignature(address registrant);
    error NotRegistrant(uint256 id, address caller);
    error AlreadyRevoked(uint256 id);
    error RecordIsRevoked(uint256 id);
    error ZeroPayment();
    error NothingToWithdraw(address account);
    error WithdrawFailed(address account);
    error Reentrancy();
    error RegistryFull();

    modifier nonReentrant() {
        if (_lock != 1) revert Reentrancy();
        _lock = 2;
        _;
        _lock = 1;
    }

    // ---------------------------------------------------------------- registration

    /// Registers content with the caller as registrant.
    function register(Registration calldata r) external returns (uint256 id) {
        return _register(r, msg.sender);
    }

    /// Registers content on behalf of `registrant`, who signed the EIP-712 `Register` message; anyone may submit.
    function registerWithSignature(
        Registration calldata r,
        address registrant,
        uint256 deadline,
        bytes calldata signature
    ) external returns (uint256 id) {
        if (block.timestamp > deadline) revert SignatureExpired(deadline);
        bytes32 digest = registrationDigest(r, registrant, nonces[registrant], deadline);
        if (!_isValidSignature(registrant, digest, signature)) revert InvalidSignature(registrant);
        nonces[registrant] += 1;
        return _register(r, registrant);
    }

    function registrationDigest(
        Registration calldata r,
        address registrant,
        uint256 nonce,
        uint256 deadline
    ) public view returns (bytes32) {
        return keccak256(abi.encodePacked("\x19\x01", DOMAIN_SEPARATOR(), _hashRegistration(r, registrant, nonce, deadline)));
    }

    // Computed per call so a chain fork with a new chain id never accepts signatures made for the old one.
    function DOMAIN_SEPARATOR() public view returns (bytes32) {
        return keccak256(abi.encode(DOMAIN_TYPEHASH, NAME_HASH, VERSION_HASH, block.chainid, address(this)));
    }

    function _hashRegistration(
        Registration calldata r,
        address registrant,
        uint256 nonce,
        uint256 deadline
    ) private pure returns (bytes32) {
        bytes32[] memory parentHashes = new bytes32[](r.parents.length);
        for (uint256 i = 0; i < r.parents.length; i++) {
            ParentLink calldata p = r.parents[i];
            parentHashes[i] = keccak256(abi.encode(PARENT_TYPEHASH, p.id, uint8(p.relation), p.shareBps));
        }
        bytes32[] memory bindingHashes = new bytes32[](r.softBindings.length);
        for (uint256 i = 0; i < r.softBindings.length; i++) {
            SoftBinding calldata b = r.softBindings[i];
            bindingHashes[i] = keccak256(abi.encode(SOFT_BINDING_TYPEHASH, b.algorithm, b.value));
        }
        bytes memory head = abi.encode(
            REGISTER_TYPEHASH,
            registrant,
            r.contentHash,
            uint8(r.kind),
            keccak256(bytes(r.title)),
            keccak256(bytes(r.creator)),
            keccak256(bytes(r.uri)),
            r.manifestHash
        );
        bytes memory tail = abi.encode(
            keccak256(bytes(r.digitalSourceType)),
            uint8(r.training),
            keccak256(abi.encodePacked(parentHashes)),
            keccak256(abi.encodePacked(bindingHashes)),
            nonce,
            deadline
        );
        return keccak256(bytes.concat(head, tail));
    }

    function _isValidSignature(address signer, bytes32 digest, bytes calldata signature) private view returns (bool) {
        if (signer.code.length > 0) {
            (bool ok, bytes memory ret) =
                signer.staticcall(abi.encodeCall(IERC1271.isValidSignature, (digest, signature)));
            return ok && ret.length == 32 && bytes32(ret) == bytes32(IERC1271.isValidSignature.selector);
        }
        if (signature.length != 65) return false;
        bytes32 r = bytes32(signature[0:32]);
        bytes32 s = bytes32(signature[32:64]);
        uint8 v = uint8(signature[64]);
        if (uint256(s) > HALF_CURVE_ORDER || (v != 27 && v != 28)) return false;
        address recovered = ecrecover(digest, v, r, s);
        return recovered != address(0) && recovered == signer;
    }

    function _register(Registration calldata r, address registrant) private returns (uint256 id) {
        if (r.contentHash == bytes32(0)) revert EmptyContentHash();
        _checkText(bytes(r.title).length);
        _checkText(bytes(r.creator).length);
        _checkText(bytes(r.uri).length);
        _checkText(bytes(r.digitalSourceType).length);
        if (r.parents.length > MAX_PARENTS) revert TooManyParents(r.parents.length, MAX_PARENTS);
        if (r.softBindings.length > MAX_SOFT_BINDINGS) {
            revert TooManySoftBindings(r.softBindings.length, MAX_SOFT_BINDINGS);
        }

        uint256 count = _recordCount;
        if (count >= MAX_RECORDS) revert RegistryFull();
        id = count + 1;
        _recordCount = uint32(id);
        _records[id] = Record({
            registrant: registrant,
            blockNumber: uint40(block.number),
            kind: r.kind,
            training: r.training,
            revoked: false,
            nextSameHash: 0
        });
        HashClaims storage claims = _claims[r.contentHash];
        if (claims.count == 0) {
            _claims[r.contentHash] = HashClaims({first: uint32(id), last: uint32(id), count: 1});
        } else {
            _records[claims.last].nextSameHash = uint32(id);
            claims.last = uint32(id);
            claims.count += 1;
        }
        _emitRegistered(r, id, registrant);

        uint256 totalBps = 0;
        for (uint256 i = 0; i < r.parents.length; i++) {
            ParentLink calldata p = r.parents[i];
            if (p.id == 0 || p.id >= id) revert UnknownRecord(p.id);
            if (_records[p.id].revoked) revert ParentRevoked(p.id);
            for (uint256 j = 0; j < i; j++) {
                if (r.parents[j].id == p.id) revert DuplicateParent(p.id);
            }
            totalBps += p.shareBps;
            _parents[id].push(StoredParent({id: uint32(p.id), relation: p.relation, shareBps: p.shareBps}));
            emit ParentLinked(id, p.id, p.relation, p.shareBps);
        }
        if (totalBps > TOTAL_BPS) revert SharesExceedTotal(totalBps);

        for (uint256 i = 0; i < r.softBindings.length; i++) {
            SoftBinding calldata b = r.softBindings[i];
            if (b.algorithm == bytes32(0)) revert EmptySoftBindingAlgorithm();
            for (uint256 position = 0; position < 4; position++) {
                uint256 chunk = (uint256(b.value) >> (48 - 16 * position)) & 0xFFFF;
                emit SoftBindingChunk(b.algorithm, (position << 16) | chunk, id, b.value);
            }
        }
    }

    function _emitRegistered(Registration calldata r, uint256 id, address registrant) private {
        emit Registered(
            id,
            r.contentHash,
            registrant,
            r.kind,
            msg.sender,
            uint64(block.timestamp),
            r.training,
            r.manifestHash,
            r.title,
            r.creator,
            r.uri,
            r.digitalSourceType
        );
    }

    function _checkText(uint256 length) private pure {
        if (length > MAX_TEXT_BYTES) revert TextTooLong(length, MAX_TEXT_BYTES);
    }

    // ---------------------------------------------------------------- revocation and disputes

    function revoke(uint256 id) external {
        Record storage rec = _record(id);
        if (rec.registrant != msg.sender) revert NotRegistrant(id, msg.sender);
        if (rec.revoked) revert AlreadyRevoked(id);
        rec.revoked = true;
        emit Revoked(id, msg.sender);
    }

    function dispute(uint256 id, string calldata reasonUri) external {
        _record(id);
        _checkText(bytes(reasonUri).length);
        Dispute[] storage all = _disputes[id];
        emit Disputed(id, msg.sender, all.length, reasonUri);
        all.push(Dispute({by: msg.sender, time: uint40(block.timestamp), blockNumber: uint40(block.number)}));
    }

    // ---------------------------------------------------------------- value flow

    /// Splits msg.value down the lineage of `id` by share: each record passes each parent its share (rounded
    /// down) and keeps the rest, so every wei is credited. Revoked parents are skipped (their share stays).
    function pay(uint256 id) external payable nonReentrant {
        if (msg.value == 0) revert ZeroPayment();
        if (_record(id).revoked) revert RecordIsRevoked(id);
        emit Paid(id, msg.sender, msg.value);
        uint256[1] memory reserved;
        _distribute(id, msg.value, 0, reserved);
    }

    function _distribute(uint256 id, uint256 amount, uint256 depth, uint256[1] memory reserved) private {
        StoredParent[] storage links = _parents[id];
        uint256 forwarded = 0;
        if (depth < MAX_PAY_DEPTH && links.length > 0) {
            uint256 eligible = 0;
            for (uint256 i = 0; i < links.length; i++) {
                if (_forwardable(links[i], amount)) eligible++;
            }
            // All parents of a node are served or none, so a budget cut never depends on sibling order.
            if (reserved[0] + eligible <= MAX_PAY_NODES) {
                reserved[0] += eligible;
                for (uint256 i = 0; i < links.length; i++) {
                    StoredParent storage link = links[i];
                    if (!_forwardable(link, amount)) continue;
                    uint256 share = (amount * link.shareBps) / TOTAL_BPS;
                    forwarded += share;
                    emit Forwarded(id, link.id, share, uint8(depth + 1));
                    _distribute(link.id, share, depth + 1, reserved);
                }
            }
        }
        uint256 kept = amount - forwarded;
        if (kept > 0) {
            address account = _records[id].registrant;
            credits[account] += kept;
            emit Credited(id, account, kept, uint8(depth));
        }
    }

    function _forwardable(StoredParent storage link, uint256 amount) private view returns (bool) {
        return !_records[link.id].revoked && (amount * link.shareBps) / TOTAL_BPS > 0;
    }

    /// Sends the caller everything credited to them (pull payment).
    function withdraw() external nonReentrant returns (uint256 amount) {
        amount = credits[msg.sender];
        if (amount == 0) revert NothingToWithdraw(msg.sender);
        credits[msg.sender] = 0;
        (bool ok,) = payable(msg.sender).call{value: amount}("");
        if (!ok) revert WithdrawFailed(msg.sender);
        emit Withdrawn(msg.sender, amount);
    }

    // ---------------------------------------------------------------- reads

    function recordCount() external view returns (uint256) {
        return _recordCount;
    }

    /// Ids of every record claiming `contentHash`, oldest first.
    function idsByHash(bytes32 contentHash) external view returns (uint256[] memory ids) {
        HashClaims storage claims = _claims[contentHash];
        ids = new uint256[](claims.count);
        uint256 id = claims.first;
        for (uint256 i = 0; i < ids.length; i++) {
            ids[i] = id;
            id = _records[id].nextSameHash;
        }
    }

    /// Records of each hash, oldest first (at most MAX_READ_PER_HASH each), in one call.
    function recordsByHashes(bytes32[] calldata hashes) external view returns (RecordView[][] memory out) {
        out = new RecordView[][](hashes.length);
        for (uint256 h = 0; h < hashes.length; h++) {
            out[h] = _claimsOf(hashes[h], 0, MAX_READ_PER_HASH);
        }
    }

    /// Records of one hash, oldest first, from `offset`, for hashes claimed more than MAX_READ_PER_HASH times.
    function recordsByHash(bytes32 contentHash, uint256 offset, uint256 limit)
        external
        view
        returns (RecordView[] memory out)
    {
        return _claimsOf(contentHash, offset, limit);
    }

    function recordsByIds(uint256[] calldata ids) external view returns (RecordView[] memory out) {
        out = new RecordView[](ids.length);
        for (uint256 i = 0; i < ids.length; i++) {
            _record(ids[i]);
            out[i] = _view(ids[i]);
        }
    }

    function _claimsOf(bytes32 contentHash, uint256 offset, uint256 limit) private view returns (RecordView[] memory out) {
        HashClaims storage claims = _claims[contentHash];
        uint256 total = claims.count;
        uint256 end = offset + limit < total ? offset + limit : total;
        uint256 n = end > offset ? end - offset : 0;
        out = new RecordView[](n);
        uint256 id = claims.first;
        for (uint256 i = 0; i < offset && id != 0; i++) id = _records[id].nextSameHash;
        for (uint256 i = 0; i < n; i++) {
            out[i] = _view(id);
            id = _records[id].nextSameHash;
        }
    }

    function _record(uint256 id) private view returns (Record storage) {
        if (id == 0 || id > _recordCount) revert UnknownRecord(id);
        return _records[id];
    }

    function _view(uint256 id) private view returns (RecordView memory v) {
        Record storage rec = _records[id];
        v.id = id;
        v.registrant = rec.registrant;
        v.blockNumber = rec.blockNumber;
        v.kind = rec.kind;
        v.training = rec.training;
        v.revoked = rec.revoked;
        StoredParent[] storage links = _parents[id];
        v.parents = new ParentLink[](links.length);
        for (uint256 i = 0; i < links.length; i++) {
            v.parents[i] = ParentLink({id: links[i].id, relation: links[i].relation, shareBps: links[i].shareBps});
        }
        Dispute[] storage all = _disputes[id];
        uint256 n = all.length < MAX_READ_DISPUTES ? all.length : MAX_READ_DISPUTES;
        v.disputes = new Dispute[](n);
        for (uint256 i = 0; i < n; i++) {
            v.disputes[i] = all[i];
        }
        v.disputeCount = all.length;
    }
}
